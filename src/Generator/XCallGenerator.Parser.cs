using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using XCall.Generator.Models;
using XCall.Shared;

namespace XCall.Generator;

public sealed partial class XCallGenerator
{
    /// <summary>
    /// Reads annotated methods into models. Returns null for anything it cannot emit: a method the shared rules
    /// reject (the analyzers report it), or code that does not bind yet (the compiler reports it).
    /// </summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>Types as a <c>cref</c> names them: fully qualified, no nullable reference annotations, tuples as <c>ValueTuple</c>.</summary>
        private static readonly SymbolDisplayFormat s_crefFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

        private static readonly SymbolDisplayFormat s_namespaceFormat = new(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

        public static bool IsMethod(SyntaxNode node, CancellationToken cancellationToken) => node is MethodDeclarationSyntax;

        public static CrossCallModel? ParseCrossCall(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol { ContainingType: { } type } method
                || !TryReadArgument(context.Attributes, out int mode)
                || !Binds(method))
                return null;
            int priority = XCallEnums.PriorityOf(context.Attributes[0]);
            CrossCallInspection inspection = CrossCallShape.Inspect(method, mode, priority);
            if (!inspection.CanEmit) return null;

            DocComment docs = DocComment.Of(method, cancellationToken);
            var parameters = new ParameterModel[method.Parameters.Length];
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                (string declared, string typeArgument, string crefType) = TypeNames(parameter.Type);
                parameters[parameter.Ordinal] = new ParameterModel(
                    Identifiers.Escape(parameter.Name),
                    declared,
                    typeArgument,
                    crefType,
                    parameter.RefKind is RefKind.In or RefKind.RefReadOnlyParameter,
                    inspection.Passing[parameter.Ordinal],
                    parameter.Type is ITypeParameterSymbol,
                    docs.Parameter(parameter.Name));
            }
            return new CrossCallModel(
                ContainerOf(type),
                method.Name,
                UniqueMemberName(method.Name + "CrossCall" + OverloadSuffix(method, context.Attributes[0].AttributeClass), type),
                method.DeclaredAccessibility == Accessibility.Public,
                mode == XCallEnums.CallModeAsync,
                priority,
                method.ReturnsVoid ? null : method.ReturnType.ToDisplayString(s_typeFormat),
                inspection.ReturnsUnmanaged,
                new EquatableArray<ParameterModel>(parameters),
                docs.Summary);
        }

        public static IpiHandlerModel? ParseIpiHandler(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol { ContainingType: { } type } method
                || !TryReadArgument(context.Attributes, out int typeId)
                || !Binds(method))
                return null;
            IpiHandlerInspection inspection = IpiHandlerShape.Inspect(method, typeId);
            if (!inspection.CanEmit || inspection.MessageType is not { } message) return null;

            string suffix = OverloadSuffix(method, context.Attributes[0].AttributeClass);
            return new IpiHandlerModel(
                ContainerOf(type),
                method.Name,
                UniqueMemberName(method.Name + "IpiHandler" + suffix, type),
                UniqueMemberName("Register" + method.Name + suffix, type),
                method.DeclaredAccessibility == Accessibility.Public,
                typeId,
                message.ToDisplayString(s_typeFormat),
                method.Parameters[0].RefKind != RefKind.None,
                method.Parameters[1].RefKind != RefKind.None);
        }

        /// <summary>The attribute's one constructor argument, when it bound to an <c>int</c> (an enum value counts).</summary>
        private static bool TryReadArgument(ImmutableArray<AttributeData> attributes, out int value)
        {
            value = 0;
            if (attributes.IsEmpty || attributes[0] is not { AttributeConstructor: not null, ConstructorArguments: { Length: 1 } arguments }) return false;
            if (arguments[0].Kind == TypedConstantKind.Error || arguments[0].Value is not int number) return false;
            value = number;
            return true;
        }

        /// <summary>
        /// A parameter type as the senders declare it (with nullable annotations), as <c>frame.Ref&lt;T&gt;</c> takes it
        /// (without the top-level one) and as a <c>cref</c> names it. One display string in the common case: the other
        /// two differ from it only when it holds a <c>?</c> or a tuple.
        /// </summary>
        private static (string Type, string TypeArgument, string CrefType) TypeNames(ITypeSymbol type)
        {
            string display = type.ToDisplayString(s_typeFormat);
            if (display.IndexOf('?') < 0 && display.IndexOf('(') < 0)
            {
                string cref = display.IndexOf('<') < 0 ? display : display.Replace('<', '{').Replace('>', '}');
                return (display, display, cref);
            }
            return (display,
                type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_typeFormat),
                type.ToDisplayString(s_crefFormat).Replace('<', '{').Replace('>', '}'));
        }

        /// <summary>Whether the signature binds: every name is an identifier and no type is an error type.</summary>
        private static bool Binds(IMethodSymbol method)
        {
            if (!SyntaxFacts.IsValidIdentifier(method.Name) || IsErroneous(method.ReturnType)) return false;
            if (method.Parameters.Any(parameter => !SyntaxFacts.IsValidIdentifier(parameter.Name) || IsErroneous(parameter.Type))) return false;
            INamedTypeSymbol outermost = method.ContainingType;
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!SyntaxFacts.IsValidIdentifier(type.Name) || type.TypeParameters.Any(parameter => !SyntaxFacts.IsValidIdentifier(parameter.Name)))
                    return false;
                outermost = type;
            }
            for (INamespaceSymbol? ns = outermost.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (!SyntaxFacts.IsValidIdentifier(ns.Name)) return false;
            }
            return true;
        }

        private static bool IsErroneous(ITypeSymbol type) => type switch
        {
            { TypeKind: TypeKind.Error } => true,
            IArrayTypeSymbol array => IsErroneous(array.ElementType),
            IPointerTypeSymbol pointer => IsErroneous(pointer.PointedAtType),
            INamedTypeSymbol named => named.TypeArguments.Any(IsErroneous) || (named.ContainingType is { } outer && IsErroneous(outer)),
            _ => false,
        };

        private static Container ContainerOf(INamedTypeSymbol innermost)
        {
            var types = new List<ContainingType>();
            INamedTypeSymbol outermost = innermost;
            for (INamedTypeSymbol? type = innermost; type is not null; type = type.ContainingType)
            {
                types.Insert(0, new ContainingType(DeclarationOf(type), NameOf(type), type.MetadataName));
                outermost = type;
            }
            INamespaceSymbol ns = outermost.ContainingNamespace;
            return new Container(ns.IsGlobalNamespace ? null : ns.ToDisplayString(s_namespaceFormat), types.ToEquatableArray());
        }

        /// <summary>How a generated part reopens the type; only <c>ref</c> must repeat on every part.</summary>
        private static string DeclarationOf(INamedTypeSymbol type)
        {
            bool isStruct = type.TypeKind == TypeKind.Struct;
            string kind = type.IsRecord ? (isStruct ? "record struct" : "record") : isStruct ? "struct" : "class";
            return (type.IsRefLikeType ? "ref " : "") + "partial " + kind;
        }

        private static string NameOf(INamedTypeSymbol type) => type.TypeParameters.IsEmpty
            ? Identifiers.Escape(type.Name)
            : $"{Identifiers.Escape(type.Name)}<{string.Join(", ", type.TypeParameters.Select(parameter => Identifiers.Escape(parameter.Name)))}>";

        /// <summary>"" for the first method of this name carrying <paramref name="attribute"/>, then "2", "3", … for overloads.</summary>
        /// <remarks>Compares attribute classes as symbols (the one <c>ForAttributeWithMetadataName</c> bound), not by display string.</remarks>
        private static string OverloadSuffix(IMethodSymbol method, INamedTypeSymbol? attribute)
        {
            ImmutableArray<ISymbol> members = method.ContainingType.GetMembers(method.Name);
            if (members.Length == 1) return "";
            int index = 0;
            foreach (ISymbol member in members)
            {
                if (SymbolEqualityComparer.Default.Equals(member, method)) break;
                foreach (AttributeData data in member.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                    {
                        index++;
                        break;
                    }
                }
            }
            return index == 0 ? "" : (index + 1).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>A name for a generated member of <paramref name="type"/> that no member or type parameter in scope already uses.</summary>
        private static string UniqueMemberName(string candidate, INamedTypeSymbol type) => Identifiers.Unique(candidate, name =>
        {
            if (name == type.Name || !type.GetMembers(name).IsEmpty) return true;
            for (INamedTypeSymbol? scope = type; scope is not null; scope = scope.ContainingType)
                if (scope.TypeParameters.Any(parameter => parameter.Name == name)) return true;
            return false;
        });
    }
}
