namespace TeleportPlugins.Host.Teleport.Credentials;

/// <summary>One decoded PEM block. A class rather than a record so that no generated ToString prints key bytes.</summary>
internal sealed class PemBlock
{
    public PemBlock(int number, string label, byte[] data)
    {
        Number = number;
        Label = label;
        Data = data;
    }

    /// <summary>1-based position among the file's PEM blocks, for messages.</summary>
    public int Number { get; }

    /// <summary>The label between <c>-----BEGIN </c> and <c>-----</c>, e.g. <c>CERTIFICATE</c>.</summary>
    public string Label { get; }

    /// <summary>The DER bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>"PEM block 2 (CERTIFICATE)", for messages.</summary>
    public string Description => $"PEM block {Number} ({Label})";
}
