using System.IO;
using Xunit;

namespace XCall.Generator.Tests.Infrastructure;

/// <summary>
/// A small approval helper: compares text with a checked-in <c>Golden/{name}.verified.cs</c>. On a mismatch it writes
/// <c>{name}.received.cs</c> next to it (git-ignored) and fails; to accept a change, review the diff and move the
/// received file over the verified one.
/// </summary>
internal static class Approval
{
    public static void Verify(string name, string actual)
    {
        string verified = Path.Combine(ProjectPaths.Golden, name + ".verified.cs");
        string received = Path.Combine(ProjectPaths.Golden, name + ".received.cs");
        actual = Normalize(actual);
        if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(File.Exists(verified)
            ? $"The generated source differs from {verified}. Compare it with {received}; if the change is right, move the received file over the verified one."
            : $"There is no {verified} yet. Review {received} and rename it to accept it.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');
}
