package dev.skiff.wire;

/**
 * HPACK's Huffman code (RFC 7541 Appendix B). The code is canonical, so the bit length of each of the
 * 257 symbols (256 octets and EOS) determines it; decoding walks it one length at a time.
 */
final class Huffman {
    private Huffman() {}

    private static final int[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30};
    private static final int MAX = 30;
    private static final int EOS = 256;

    /** Symbols ordered by (length, value): the canonical code's order. */
    private static final int[] SORTED;
    /** Per length: the first code of that length, and where its symbols start in SORTED. */
    private static final int[] FIRST_CODE = new int[MAX + 2];
    private static final int[] COUNT = new int[MAX + 2];
    private static final int[] OFFSET = new int[MAX + 2];

    static {
        SORTED = java.util.stream.IntStream.range(0, LENGTHS.length).boxed()
                .sorted((a, b) -> LENGTHS[a] != LENGTHS[b] ? LENGTHS[a] - LENGTHS[b] : a - b)
                .mapToInt(Integer::intValue).toArray();
        for (int length : LENGTHS) COUNT[length]++;
        int code = 0, offset = 0;
        for (int len = 1; len <= MAX; len++) {
            FIRST_CODE[len] = code;
            OFFSET[len] = offset;
            code = (code + COUNT[len]) << 1;
            offset += COUNT[len];
        }
    }

    /** Kraft's sum of 2^-length over all symbols, in units of 2^-30: exactly 2^30 for a complete code. */
    static long kraftSum() {
        long sum = 0;
        for (int length : LENGTHS) sum += 1L << (MAX - length);
        return sum;
    }

    static String decode(byte[] b, int from, int length) {
        StringBuilder out = new StringBuilder(length * 8 / 5);
        int code = 0, len = 0;
        boolean allOnes = true;
        for (int i = from; i < from + length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                int v = (b[i] >> bit) & 1;
                code = (code << 1) | v;
                allOnes &= v == 1;
                len++;
                int k = code - FIRST_CODE[len];
                if (k >= 0 && k < COUNT[len]) {
                    int symbol = SORTED[OFFSET[len] + k];
                    if (symbol == EOS) throw new WireException("HPACK Huffman string contains EOS");
                    out.append((char) symbol);
                    code = 0;
                    len = 0;
                    allOnes = true;
                } else if (len == MAX) {
                    throw new WireException("HPACK Huffman code not in the table");
                }
            }
        }
        // RFC 7541 5.2: at most 7 bits of padding, the EOS code's leading ones
        if (len > 7 || !allOnes) throw new WireException("HPACK Huffman padding is not an EOS prefix");
        return out.toString();
    }
}
