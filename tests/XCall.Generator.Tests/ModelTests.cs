using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using XCall.Generator.Models;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

/// <summary>The models the pipeline caches hold plain, value-equal data, never compiler objects that pin a compilation.</summary>
public sealed class ModelTests
{
    private static readonly string[] s_steps = [XCallGenerator.Steps.CrossCalls, XCallGenerator.Steps.IpiHandlers, XCallGenerator.Steps.IpiTable];

    private static readonly Type[] s_forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel)];

    [Fact]
    public void No_model_type_holds_a_symbol_syntax_node_location_or_compilation()
    {
        var reached = new HashSet<Type>();
        foreach (Type model in new[] { typeof(CrossCallModel), typeof(IpiHandlerModel), typeof(IpiTableModel) }) Walk(model, reached);

        Assert.Contains(typeof(ParameterModel), reached);
        Assert.Contains(typeof(ContainingType), reached);
        Assert.Contains(typeof(IpiTableEntry), reached);
    }

    [Fact]
    public void Every_tracked_step_output_is_a_model_type_that_passed_the_walk()
    {
        (GeneratorRunResult result, _) = GeneratorHarness.Run([.. RepresentativeInputs.ByName.Values]);
        var reached = new HashSet<Type>();

        foreach (object value in s_steps.SelectMany(step => Outputs(result, step))) Walk(value.GetType(), reached);

        Assert.Contains(typeof(CrossCallModel), reached);
        Assert.Contains(typeof(IpiHandlerModel), reached);
        Assert.Contains(typeof(IpiTableModel), reached);
    }

    [Fact]
    public void The_same_code_parsed_twice_gives_equal_models()
    {
        string[] sources = [.. RepresentativeInputs.ByName.Values];
        (GeneratorRunResult first, _) = GeneratorHarness.Run(sources);
        (GeneratorRunResult second, _) = GeneratorHarness.Run(sources);

        foreach (string step in s_steps)
        {
            object[] before = Outputs(first, step), after = Outputs(second, step);
            Assert.Equal(before, after);
            Assert.Equal(before.Select(value => value.GetHashCode()), after.Select(value => value.GetHashCode()));
        }
    }

    private static object[] Outputs(GeneratorRunResult result, string step) =>
        [.. result.TrackedSteps[step].SelectMany(run => run.Outputs).Select(output => output.Value)];

    /// <summary>Checks <paramref name="type"/> and, recursively, the type of every field it can hold.</summary>
    private static void Walk(Type type, HashSet<Type> reached)
    {
        if (!reached.Add(type)) return;
        Assert.DoesNotContain(s_forbidden, forbidden => forbidden.IsAssignableFrom(type));
        Assert.NotEqual(typeof(object), type); // could hold anything
        if (type.IsPrimitive || type.IsEnum || type == typeof(string)) return;
        if (type.IsArray)
        {
            Walk(type.GetElementType()!, reached);
            return;
        }
        // Fields, not properties: a field is what a cached model keeps alive (computed properties hold nothing).
        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Walk(field.FieldType, reached);
    }
}
