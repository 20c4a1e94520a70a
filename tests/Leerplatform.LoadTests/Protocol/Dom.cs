using System.Text;
using System.Text.RegularExpressions;

namespace Leerplatform.LoadTests.Protocol;

/// <summary>One logical node as blazor.web.js keeps it: element, text, markup block or child component.</summary>
public sealed class DomNode
{
    public required RenderBatch.FrameType Kind { get; init; }

    /// <summary>Element name ("button", "input"), or null.</summary>
    public string? Name { get; init; }

    /// <summary>Text or markup content.</summary>
    public string? Text { get; set; }

    public int ComponentId { get; init; }

    public List<DomNode> Children { get; } = [];

    public Dictionary<string, string?> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Event name ("onclick", "onchange") → the handler id the server assigned in its last render.</summary>
    public Dictionary<string, ulong> Handlers { get; } = new(StringComparer.Ordinal);

    public string? Id => Attributes.GetValueOrDefault("id");

    public bool HasClass(string name) =>
        Attributes.GetValueOrDefault("class") is { } classes && classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name);

    public bool IsDisabled => Attributes.ContainsKey("disabled");
}

/// <summary>
/// The circuit's UI as a tree of components, kept up to date by applying each render batch's edits exactly as
/// blazor.web.js does (regions flattened into their parent, a child component counting as one node). Lets the
/// load client find controls by what they are (a button by its text, an input by id) and read their current
/// event handler ids; nothing is hard-coded.
/// </summary>
public sealed partial class Dom
{
    private readonly Dictionary<int, DomNode> _components = [];

    public int ComponentCount => _components.Count;

    public void Apply(RenderBatch batch)
    {
        foreach (var diff in batch.Diffs)
        {
            ApplyDiff(Component(diff.ComponentId), diff.Edits, batch.Frames);
        }

        foreach (var id in batch.DisposedComponents)
        {
            _components.Remove(id);
        }
    }

    /// <summary>All elements of all live components (child component content is reached through its own root).</summary>
    public IEnumerable<DomNode> Elements()
    {
        var stack = new Stack<DomNode>(_components.OrderByDescending(c => c.Key).Select(c => c.Value));
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.Kind == RenderBatch.FrameType.Element)
            {
                yield return node;
            }

            // Reverse, so elements come out in document order (the first radio is the first choice).
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(node.Children[i]);
            }
        }
    }

    public DomNode? ById(string id) => Elements().FirstOrDefault(e => e.Id == id);

    /// <summary>An enabled or disabled button whose visible text is <paramref name="text"/> (trimmed, exact).</summary>
    public DomNode? Button(string text) => Elements().FirstOrDefault(e => e.Name == "button" && TextOf(e) == text);

    public DomNode? ByClass(string element, string cssClass) => Elements().FirstOrDefault(e => e.Name == element && e.HasClass(cssClass));

    public IEnumerable<DomNode> AllByClass(string cssClass) => Elements().Where(e => e.HasClass(cssClass));

    /// <summary>Whether any text or markup anywhere in the UI contains <paramref name="text"/>.</summary>
    public bool ContainsText(string text)
    {
        foreach (var root in _components.Values)
        {
            if (AnyText(root, text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The visible text of a node, child components included, whitespace collapsed.</summary>
    public string TextOf(DomNode node)
    {
        var text = new StringBuilder();
        AppendText(node, text);
        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private void AppendText(DomNode node, StringBuilder text)
    {
        switch (node.Kind)
        {
            case RenderBatch.FrameType.Text:
                text.Append(node.Text);
                break;
            case RenderBatch.FrameType.Markup:
                text.Append(Tags().Replace(node.Text ?? string.Empty, " "));
                break;
            case RenderBatch.FrameType.Component:
                if (_components.TryGetValue(node.ComponentId, out var root))
                {
                    AppendText(root, text);
                }

                break;
        }

        foreach (var child in node.Children)
        {
            AppendText(child, text);
        }
    }

    private static bool AnyText(DomNode node, string text)
    {
        if (node.Text is { } value && value.Contains(text, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var child in node.Children)
        {
            if (AnyText(child, text))
            {
                return true;
            }
        }

        return false;
    }

    private DomNode Component(int id)
    {
        if (!_components.TryGetValue(id, out var root))
        {
            root = new DomNode { Kind = RenderBatch.FrameType.Region, ComponentId = id }; // a root, not a reference to itself
            _components[id] = root;
        }

        return root;
    }

    private static void ApplyDiff(DomNode root, RenderBatch.Edit[] edits, RenderBatch.Frame[] frames)
    {
        var parents = new Stack<DomNode>();
        var parent = root;
        List<(int From, int To)>? permutations = null;
        foreach (var edit in edits)
        {
            switch (edit.Type)
            {
                case RenderBatch.EditType.PrependFrame:
                    InsertFrame(parent, edit.SiblingIndex, frames, edit.ReferenceFrameIndex);
                    break;
                case RenderBatch.EditType.RemoveFrame:
                    parent.Children.RemoveAt(edit.SiblingIndex);
                    break;
                case RenderBatch.EditType.SetAttribute:
                    SetAttribute(parent.Children[edit.SiblingIndex], frames[edit.ReferenceFrameIndex]);
                    break;
                case RenderBatch.EditType.RemoveAttribute:
                    var element = parent.Children[edit.SiblingIndex];
                    element.Attributes.Remove(edit.RemovedAttributeName!);
                    element.Handlers.Remove(edit.RemovedAttributeName!);
                    break;
                case RenderBatch.EditType.UpdateText:
                case RenderBatch.EditType.UpdateMarkup:
                    parent.Children[edit.SiblingIndex].Text = frames[edit.ReferenceFrameIndex].Value;
                    break;
                case RenderBatch.EditType.StepIn:
                    parents.Push(parent);
                    parent = parent.Children[edit.SiblingIndex];
                    break;
                case RenderBatch.EditType.StepOut:
                    parent = parents.Pop();
                    break;
                case RenderBatch.EditType.PermutationListEntry:
                    (permutations ??= []).Add((edit.SiblingIndex, edit.ReferenceFrameIndex));
                    break;
                case RenderBatch.EditType.PermutationListEnd:
                    if (permutations is not null)
                    {
                        var moving = permutations.Select(p => parent.Children[p.From]).ToList();
                        for (var i = 0; i < permutations.Count; i++)
                        {
                            parent.Children[permutations[i].To] = moving[i];
                        }

                        permutations = null;
                    }

                    break;
            }
        }
    }

    private static int InsertFrame(DomNode parent, int index, RenderBatch.Frame[] frames, int frameIndex)
    {
        var frame = frames[frameIndex];
        switch (frame.Type)
        {
            case RenderBatch.FrameType.Element:
                var element = new DomNode { Kind = frame.Type, Name = frame.Name };
                var end = frameIndex + frame.SubtreeLength;
                var child = frameIndex + 1;
                for (; child < end && frames[child].Type == RenderBatch.FrameType.Attribute; child++)
                {
                    SetAttribute(element, frames[child]);
                }

                InsertRange(element, 0, frames, child, end);
                parent.Children.Insert(index, element);
                return 1;
            case RenderBatch.FrameType.Text:
            case RenderBatch.FrameType.Markup:
                parent.Children.Insert(index, new DomNode { Kind = frame.Type, Text = frame.Value });
                return 1;
            case RenderBatch.FrameType.Component:
                parent.Children.Insert(index, new DomNode { Kind = frame.Type, ComponentId = frame.ComponentId });
                return 1;
            case RenderBatch.FrameType.Region:
                return InsertRange(parent, index, frames, frameIndex + 1, frameIndex + frame.SubtreeLength);
            default:
                return 0;
        }
    }

    private static int InsertRange(DomNode parent, int index, RenderBatch.Frame[] frames, int start, int end)
    {
        var inserted = 0;
        for (var i = start; i < end; i += Math.Max(1, frames[i].SubtreeLength))
        {
            inserted += InsertFrame(parent, index + inserted, frames, i);
        }

        return inserted;
    }

    private static void SetAttribute(DomNode element, RenderBatch.Frame attribute)
    {
        if (attribute.EventHandlerId != 0)
        {
            element.Handlers[attribute.Name!] = attribute.EventHandlerId;
        }
        else
        {
            element.Attributes[attribute.Name!] = attribute.Value;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
