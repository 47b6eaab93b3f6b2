using System;
using Microsoft.CodeAnalysis.CSharp;

namespace XCall.Generator;

/// <summary>Small rules for the names the generator writes.</summary>
internal static class Identifiers
{
    /// <summary><paramref name="name"/> as C# source: keywords get an <c>@</c>.</summary>
    public static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary><paramref name="candidate"/>, with underscores appended until <paramref name="isTaken"/> says it is free.</summary>
    public static string Unique(string candidate, Func<string, bool> isTaken)
    {
        while (isTaken(candidate)) candidate += "_";
        return candidate;
    }
}
