using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace XCall.Generator;

/// <summary>
/// Generated text whose characters are all below U+0100 (in practice, ASCII C#), stored one byte per character: half
/// the memory of a string. A generator run holds every generated file at once (a thousand cross calls make some 28 M
/// characters), and the garbage collector copies what survives; half the bytes, half the copying. The text reads as
/// any other: <see cref="Encoding"/> is UTF-8, as <c>AddSource(string)</c> would give, so checksums and emitted files
/// are the same.
/// </summary>
internal sealed class NarrowText : SourceText
{
    private readonly byte[] _characters;

    private NarrowText(byte[] characters) => _characters = characters;

    public override Encoding Encoding => Encoding.UTF8;

    public override int Length => _characters.Length;

    public override char this[int position] => (char)_characters[position];

    public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        if ((uint)sourceIndex > (uint)_characters.Length || (uint)count > (uint)(_characters.Length - sourceIndex))
            throw new ArgumentOutOfRangeException(nameof(count));
        if ((uint)destinationIndex > (uint)destination.Length || (uint)count > (uint)(destination.Length - destinationIndex))
            throw new ArgumentOutOfRangeException(nameof(destinationIndex));
        for (int i = 0; i < count; i++) destination[destinationIndex + i] = (char)_characters[sourceIndex + i];
    }

    /// <summary>The first <paramref name="length"/> characters of <paramref name="buffer"/> as a source text: narrow if they all fit in a byte, else a string.</summary>
    public static SourceText From(char[] buffer, int length)
    {
        var characters = new byte[length];
        for (int i = 0; i < length; i++)
        {
            char character = buffer[i];
            if (character > '\u00FF') return SourceText.From(new string(buffer, 0, length), Encoding.UTF8);
            characters[i] = (byte)character;
        }
        return new NarrowText(characters);
    }
}
