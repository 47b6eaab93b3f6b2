namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 compile records and init-only properties (the compiler only needs the type to exist).</summary>
internal static class IsExternalInit
{
}
