using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace XCall.Analyzers.Declarations;

/// <summary>The syntax of one attributed handler, and the precise places a declaration diagnostic points at.</summary>
internal readonly struct HandlerDeclaration
{
    private readonly AttributeSyntax _attribute;
    private readonly SyntaxNode _declaration;

    private HandlerDeclaration(AttributeSyntax attribute, SyntaxNode declaration)
    {
        _attribute = attribute;
        _declaration = declaration;
    }

    /// <summary>The declaration the attribute is applied to, or null when the attribute has no source (metadata).</summary>
    public static HandlerDeclaration? Of(AttributeData attribute) =>
        attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { Parent.Parent: { } declaration } syntax
            ? new HandlerDeclaration(syntax, declaration)
            : null;

    public Location Attribute => _attribute.GetLocation();

    public Location AttributeArgument =>
        _attribute.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? Attribute;

    /// <summary>The expression of the named argument <paramref name="name"/> (<c>Priority = …</c>), or the attribute.</summary>
    public Location NamedArgument(string name) =>
        _attribute.ArgumentList?.Arguments.FirstOrDefault(argument => argument.NameEquals?.Name.Identifier.ValueText == name)?.Expression.GetLocation()
        ?? Attribute;

    /// <summary>The <c>async</c> modifier, or the method's name.</summary>
    public Location AsyncKeyword =>
        _declaration is MethodDeclarationSyntax method && method.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword)) is { RawKind: not 0 } keyword
            ? keyword.GetLocation()
            : Identifier;

    public Location Identifier => _declaration is MethodDeclarationSyntax method ? method.Identifier.GetLocation() : Attribute;

    public Location TypeParameters =>
        _declaration is MethodDeclarationSyntax { TypeParameterList: { } list } ? list.GetLocation() : Identifier;

    public Location ReturnType => _declaration is MethodDeclarationSyntax method ? method.ReturnType.GetLocation() : Identifier;

    public Location ParameterList => ParameterListSyntax?.GetLocation() ?? Identifier;

    public Location Parameter(int ordinal) =>
        ParameterListSyntax is { } list && ordinal < list.Parameters.Count ? list.Parameters[ordinal].GetLocation() : ParameterList;

    /// <summary>
    /// The identifier of the type declaration <paramref name="depth"/> levels out from the handler (0: the one that declares it),
    /// as <see cref="XCall.Shared.ShapeIssue.Depth"/> counts them.
    /// </summary>
    public Location TypeIdentifier(int depth) =>
        _declaration.Ancestors().OfType<TypeDeclarationSyntax>().ElementAtOrDefault(depth)?.Identifier.GetLocation() ?? Identifier;

    private ParameterListSyntax? ParameterListSyntax => _declaration switch
    {
        BaseMethodDeclarationSyntax method => method.ParameterList,
        LocalFunctionStatementSyntax local => local.ParameterList,
        _ => null,
    };
}
