namespace Fixture.SharedLib;

public static class SharedLibrary
{
    // Exists only in version 2: an adapter built against it fails if version 1 is loaded instead.
    public static string DescribeV2Only() => "v2-only member";

    public static string Describe() => $"shared-lib 2 ({DescribeV2Only()})";
}
