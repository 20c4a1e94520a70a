namespace Leerplatform.LoadTests.Protocol;

/// <summary>
/// SignalR's MessagePack hub protocol over a WebSocket: each message is a varint length followed by a MessagePack
/// array, <c>[1, headers, invocationId, target, args]</c> for invocations, <c>[3, headers, invocationId, kind, result]</c>
/// for completions, <c>[6]</c> for pings.
/// </summary>
public static class HubMessages
{
    public const int Invocation = 1;
    public const int Completion = 3;
    public const int Ping = 6;
    public const int Close = 7;

    public static readonly byte[] HandshakeRequest = "{\"protocol\":\"blazorpack\",\"version\":1}\u001e"u8.ToArray();

    public static readonly byte[] PingMessage = Frame(new MessagePackWriter().Array(1).Int(Ping).ToArray());

    /// <summary>An invocation of a hub method; <paramref name="writeArgs"/> writes exactly <paramref name="argCount"/> values.</summary>
    public static byte[] Invoke(string? invocationId, string target, int argCount, Action<MessagePackWriter> writeArgs)
    {
        var writer = new MessagePackWriter().Array(5).Int(Invocation).Map(0).String(invocationId).String(target).Array(argCount);
        writeArgs(writer);
        return Frame(writer.ToArray());
    }

    public static byte[] Frame(byte[] message)
    {
        var prefix = new List<byte>(5);
        var length = (uint)message.Length;
        do
        {
            var b = (byte)(length & 0x7f);
            length >>= 7;
            if (length > 0)
            {
                b |= 0x80;
            }

            prefix.Add(b);
        }
        while (length > 0);

        var framed = new byte[prefix.Count + message.Length];
        prefix.CopyTo(framed);
        message.CopyTo(framed, prefix.Count);
        return framed;
    }

    /// <summary>Splits complete framed messages off the front of <paramref name="buffer"/>; returns bytes consumed.</summary>
    public static int Parse(ReadOnlySpan<byte> buffer, List<object?[]> messages)
    {
        var consumed = 0;
        while (consumed < buffer.Length)
        {
            uint length = 0;
            var shift = 0;
            var i = consumed;
            var complete = false;
            while (i < buffer.Length && shift < 35)
            {
                var b = buffer[i++];
                length |= (uint)(b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0)
                {
                    complete = true;
                    break;
                }
            }

            if (!complete || buffer.Length - i < length)
            {
                break;
            }

            var reader = new MessagePackReader(buffer.Slice(i, (int)length));
            messages.Add(reader.Read() as object?[] ?? throw new InvalidDataException("hub message is not an array"));
            consumed = i + (int)length;
        }

        return consumed;
    }
}
