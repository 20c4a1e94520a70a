using System.Buffers.Binary;
using System.Text;

namespace Leerplatform.LoadTests.Protocol;

/// <summary>
/// Reads the binary render batch of Blazor Server (<c>RenderBatchWriter</c> in ASP.NET Core 9): updated components
/// with their edits, reference frames (20 bytes each), disposed components, disposed event handlers and a string
/// table; the batch ends with five int32 offsets of those sections. Only what <see cref="Dom"/> needs is decoded.
/// </summary>
public sealed class RenderBatch
{
    public enum FrameType
    {
        Element = 1,
        Text = 2,
        Attribute = 3,
        Component = 4,
        Region = 5,
        ElementReferenceCapture = 6,
        ComponentReferenceCapture = 7,
        Markup = 8,
    }

    public enum EditType
    {
        PrependFrame = 1,
        RemoveFrame = 2,
        SetAttribute = 3,
        RemoveAttribute = 4,
        UpdateText = 5,
        StepIn = 6,
        StepOut = 7,
        UpdateMarkup = 8,
        PermutationListEntry = 9,
        PermutationListEnd = 10,
    }

    public readonly record struct Frame(FrameType Type, int SubtreeLength, string? Name, string? Value, ulong EventHandlerId, int ComponentId);

    public readonly record struct Edit(EditType Type, int SiblingIndex, int ReferenceFrameIndex, string? RemovedAttributeName);

    public sealed record Diff(int ComponentId, Edit[] Edits);

    public required Diff[] Diffs { get; init; }

    public required Frame[] Frames { get; init; }

    public required int[] DisposedComponents { get; init; }

    public static RenderBatch Parse(byte[] data)
    {
        ReadOnlySpan<byte> span = data;
        var end = data.Length - 20;
        var updatedOffset = Int(span, end);
        var framesOffset = Int(span, end + 4);
        var disposedOffset = Int(span, end + 8);
        var stringsOffset = Int(span, end + 16);

        string? Str(int index)
        {
            if (index < 0)
            {
                return null;
            }

            var position = Int(data, stringsOffset + (4 * index));
            var length = 0;
            var shift = 0;
            byte b;
            do
            {
                b = data[position++];
                length |= (b & 0x7f) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            return Encoding.UTF8.GetString(data, position, length);
        }

        var diffCount = Int(span, updatedOffset);
        var diffs = new Diff[diffCount];
        for (var d = 0; d < diffCount; d++)
        {
            var at = Int(span, updatedOffset + 4 + (4 * d));
            var componentId = Int(span, at);
            var editCount = Int(span, at + 4);
            var edits = new Edit[editCount];
            for (var e = 0; e < editCount; e++)
            {
                var p = at + 8 + (16 * e);
                edits[e] = new Edit((EditType)Int(span, p), Int(span, p + 4), Int(span, p + 8), Str(Int(span, p + 12)));
            }

            diffs[d] = new Diff(componentId, edits);
        }

        var frameCount = Int(span, framesOffset);
        var frames = new Frame[frameCount];
        for (var f = 0; f < frameCount; f++)
        {
            var p = framesOffset + 4 + (20 * f);
            var type = (FrameType)Int(span, p);
            frames[f] = type switch
            {
                FrameType.Element => new Frame(type, Int(span, p + 4), Str(Int(span, p + 8)), null, 0, 0),
                FrameType.Text or FrameType.Markup => new Frame(type, 1, null, Str(Int(span, p + 4)), 0, 0),
                FrameType.Attribute => new Frame(type, 1, Str(Int(span, p + 4)), Str(Int(span, p + 8)), BinaryPrimitives.ReadUInt64LittleEndian(span[(p + 12)..]), 0),
                FrameType.Component => new Frame(type, Int(span, p + 4), null, null, 0, Int(span, p + 8)),
                FrameType.Region => new Frame(type, Int(span, p + 4), null, null, 0, 0),
                _ => new Frame(type, 1, null, null, 0, 0),
            };
        }

        var disposedCount = Int(span, disposedOffset);
        var disposed = new int[disposedCount];
        for (var i = 0; i < disposedCount; i++)
        {
            disposed[i] = Int(span, disposedOffset + 4 + (4 * i));
        }

        return new RenderBatch { Diffs = diffs, Frames = frames, DisposedComponents = disposed };
    }

    private static int Int(ReadOnlySpan<byte> data, int position) => BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
}
