namespace Fixture.SharedLib;

public static class SharedLibrary
{
    public static string Describe() => "shared-lib 1";
}
