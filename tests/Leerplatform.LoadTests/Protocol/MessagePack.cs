using System.Buffers.Binary;
using System.Text;

namespace Leerplatform.LoadTests.Protocol;

/// <summary>
/// The subset of MessagePack that SignalR's MessagePack hub protocol ("blazorpack") uses: nil, bool, integers,
/// floats, strings, binary, arrays and maps. Written by hand because the MessagePack package does not restore here.
/// </summary>
public sealed class MessagePackWriter
{
    private readonly MemoryStream _stream = new();

    public byte[] ToArray() => _stream.ToArray();

    public MessagePackWriter Nil()
    {
        _stream.WriteByte(0xc0);
        return this;
    }

    public MessagePackWriter Bool(bool value)
    {
        _stream.WriteByte(value ? (byte)0xc3 : (byte)0xc2);
        return this;
    }

    public MessagePackWriter Array(int count)
    {
        if (count < 16)
        {
            _stream.WriteByte((byte)(0x90 | count));
        }
        else
        {
            _stream.WriteByte(0xdc);
            WriteBigEndian((ushort)count);
        }

        return this;
    }

    public MessagePackWriter Map(int count)
    {
        if (count >= 16)
        {
            throw new NotSupportedException("maps of 16+ entries are not needed");
        }

        _stream.WriteByte((byte)(0x80 | count));
        return this;
    }

    public MessagePackWriter Int(long value)
    {
        if (value is >= 0 and < 128)
        {
            _stream.WriteByte((byte)value);
        }
        else if (value is < 0 and >= -32)
        {
            _stream.WriteByte((byte)(sbyte)value);
        }
        else
        {
            _stream.WriteByte(0xd3);
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            _stream.Write(bytes);
        }

        return this;
    }

    public MessagePackWriter String(string? value)
    {
        if (value is null)
        {
            return Nil();
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length < 32)
        {
            _stream.WriteByte((byte)(0xa0 | bytes.Length));
        }
        else if (bytes.Length < 256)
        {
            _stream.WriteByte(0xd9);
            _stream.WriteByte((byte)bytes.Length);
        }
        else if (bytes.Length < 65536)
        {
            _stream.WriteByte(0xda);
            WriteBigEndian((ushort)bytes.Length);
        }
        else
        {
            _stream.WriteByte(0xdb);
            Span<byte> len = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(len, (uint)bytes.Length);
            _stream.Write(len);
        }

        _stream.Write(bytes);
        return this;
    }

    private void WriteBigEndian(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        _stream.Write(bytes);
    }
}

/// <summary>Reads one MessagePack value into plain objects: null, bool, long, ulong, double, string, byte[], object?[], Dictionary.</summary>
public ref struct MessagePackReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public int Position => _position;

    public object? Read()
    {
        var b = _data[_position++];
        switch (b)
        {
            case <= 0x7f:
                return (long)b;
            case >= 0xe0:
                return (long)(sbyte)b;
            case >= 0x80 and <= 0x8f:
                return ReadMap(b & 0x0f);
            case >= 0x90 and <= 0x9f:
                return ReadArray(b & 0x0f);
            case >= 0xa0 and <= 0xbf:
                return ReadString(b & 0x1f);
        }

        return b switch
        {
            0xc0 => null,
            0xc2 => false,
            0xc3 => true,
            0xc4 => ReadBytes(Take(1)[0]),
            0xc5 => ReadBytes(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
            0xc6 => ReadBytes((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            0xca => (double)BinaryPrimitives.ReadSingleBigEndian(Take(4)),
            0xcb => BinaryPrimitives.ReadDoubleBigEndian(Take(8)),
            0xcc => (long)Take(1)[0],
            0xcd => (long)BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xce => (long)BinaryPrimitives.ReadUInt32BigEndian(Take(4)),
            0xcf => BinaryPrimitives.ReadUInt64BigEndian(Take(8)),
            0xd0 => (long)(sbyte)Take(1)[0],
            0xd1 => (long)BinaryPrimitives.ReadInt16BigEndian(Take(2)),
            0xd2 => (long)BinaryPrimitives.ReadInt32BigEndian(Take(4)),
            0xd3 => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
            0xd9 => ReadString(Take(1)[0]),
            0xda => ReadString(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
            0xdb => ReadString((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            0xdc => ReadArray(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
            0xdd => ReadArray((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            0xde => ReadMap(BinaryPrimitives.ReadUInt16BigEndian(Take(2))),
            0xdf => ReadMap((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw new NotSupportedException($"MessagePack type 0x{b:x2} is not supported"),
        };
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    private byte[] ReadBytes(int count) => Take(count).ToArray();

    private string ReadString(int count) => Encoding.UTF8.GetString(Take(count));

    private object?[] ReadArray(int count)
    {
        var items = new object?[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = Read();
        }

        return items;
    }

    private Dictionary<object, object?> ReadMap(int count)
    {
        var map = new Dictionary<object, object?>(count);
        for (var i = 0; i < count; i++)
        {
            var key = Read() ?? string.Empty;
            map[key] = Read();
        }

        return map;
    }
}
