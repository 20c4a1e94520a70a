using Microsoft.AspNetCore.Components;

namespace Leerplatform.Web.Components.Shared;

/// <summary>
/// A component that a parent's re-render leaves alone unless one of its parameters changed. Blazor cannot tell
/// that an object parameter is unchanged, so by default every child with a module or page parameter renders
/// again whenever its parent does: the reader renders twice per page turn (before and after the page view is
/// saved), and each time its table of contents, pager and any quiz or case rendered with it (issue 8).
/// Use it only where parameters are replaced, never mutated in place: loaded modules and pages are immutable,
/// and a new set of viewed pages is a new set.
/// </summary>
public abstract class StableComponent : ComponentBase
{
    // A small array, not a dictionary: every open reader page holds a few of these (idle memory per circuit, issue 8).
    private (string Name, object? Value)[]? _rendered;

    public override Task SetParametersAsync(ParameterView parameters)
    {
        if (_rendered is not null && SameAsRendered(parameters))
        {
            return Task.CompletedTask;
        }

        var count = 0;
        foreach (var _ in parameters)
        {
            count++;
        }

        var values = new (string, object?)[count];
        var i = 0;
        foreach (var parameter in parameters)
        {
            values[i++] = (parameter.Name, parameter.Value);
        }

        _rendered = values;
        return base.SetParametersAsync(parameters);
    }

    private bool SameAsRendered(ParameterView parameters)
    {
        var count = 0;
        foreach (var parameter in parameters)
        {
            count++;
            if (!TryGetRendered(parameter.Name, out var before) || !Same(before, parameter.Value))
            {
                return false;
            }
        }

        return count == _rendered!.Length;
    }

    private bool TryGetRendered(string name, out object? value)
    {
        foreach (var (renderedName, renderedValue) in _rendered!)
        {
            if (string.Equals(renderedName, name, StringComparison.Ordinal))
            {
                value = renderedValue;
                return true;
            }
        }

        value = null;
        return false;
    }

    // Values (numbers, strings, enums) compare by value; objects, delegates and render fragments by reference.
    private static bool Same(object? before, object? now) =>
        ReferenceEquals(before, now) || (before is ValueType or string && Equals(before, now));
}
