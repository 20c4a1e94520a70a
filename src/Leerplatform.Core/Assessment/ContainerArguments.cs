using System.Text;

namespace Leerplatform.Core.Assessment;

/// <summary>
/// The words after <c>::: vraag</c>: positional words (<c>wie-tolkt enkelvoudig</c>) and <c>sleutel=waarde</c>
/// pairs (<c>competenties=C4,C5</c>); values may be quoted.
/// </summary>
public sealed class ContainerArguments
{
    private ContainerArguments(IReadOnlyList<string> positional, IReadOnlyDictionary<string, string> named)
    {
        Positional = positional;
        Named = named;
    }

    public IReadOnlyList<string> Positional { get; }

    public IReadOnlyDictionary<string, string> Named { get; }

    public string? At(int index) => index < Positional.Count ? Positional[index] : null;

    public bool Flag(string name) => Positional.Contains(name, StringComparer.OrdinalIgnoreCase)
        || (Named.TryGetValue(name, out var value) && value is "ja" or "true" or "1");

    public static ContainerArguments Parse(string? text)
    {
        var positional = new List<string>();
        var named = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in Tokenize(text ?? string.Empty))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                named[token[..equals].Trim()] = token[(equals + 1)..].Trim();
            }
            else
            {
                positional.Add(token);
            }
        }

        return new ContainerArguments(positional, named);
    }

    private static IEnumerable<string> Tokenize(string text)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }

            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
