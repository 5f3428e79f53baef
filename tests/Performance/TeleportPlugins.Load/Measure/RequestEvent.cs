namespace TeleportPlugins.Load.Measure;

/// <summary>The four events every load request goes through, in order.</summary>
public enum RequestEvent
{
    /// <summary>The request was created (its reason carries the marker).</summary>
    Created = 0,

    /// <summary>The first review (its reason carries the marker).</summary>
    FirstReview = 1,

    /// <summary>The second review.</summary>
    SecondReview = 2,

    /// <summary>The resolution (its resolve reason carries the marker).</summary>
    Resolved = 3,
}
