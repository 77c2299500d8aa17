using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

/// <summary>The CTR keystream against an independent implementation (BouncyCastle's SIC mode), across chunk and counter edges.</summary>
public sealed class AesCtrTests
{
    public static TheoryData<int> Lengths => [0, 1, 16, 33, 511, 512, 513, 1500];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Matches_bouncycastle_sic_mode(int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var input = RandomNumberGenerator.GetBytes(length);
        var output = new byte[length];

        AesCtr.Transform(key, iv, input, output);

        Assert.Equal(Reference(key, iv, input), output);
    }

    [Fact]
    public void The_counter_carries_across_the_whole_128_bits()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        byte[] iv = [0, 0, 0, 0, 0, 0, 0, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE];
        var input = RandomNumberGenerator.GetBytes(5 * 16);
        var output = new byte[input.Length];

        AesCtr.Transform(key, iv, input, output);

        Assert.Equal(Reference(key, iv, input), output);
    }

    [Fact]
    public void Transforming_twice_gives_back_the_input_also_in_place()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var input = RandomNumberGenerator.GetBytes(700);
        var buffer = (byte[])input.Clone();

        AesCtr.Transform(key, iv, buffer, buffer);
        Assert.NotEqual(input, buffer);
        AesCtr.Transform(key, iv, buffer, buffer);

        Assert.Equal(input, buffer);
    }

    private static byte[] Reference(byte[] key, byte[] iv, byte[] input)
    {
        var cipher = new BufferedBlockCipher(new SicBlockCipher(new AesEngine()));
        cipher.Init(forEncryption: true, new ParametersWithIV(new KeyParameter(key), iv));
        var output = new byte[input.Length];
        var written = cipher.ProcessBytes(input, 0, input.Length, output, 0);
        cipher.DoFinal(output, written);
        return output;
    }
}
