import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What AES-256-GCM costs a fresh JVM for one 1 MiB segment (the payload of a 1 MiB decrypt), with no
 * I/O in the timing: {@code make} writes sealed.bin (a zero key and nonce, test data only), then
 * {@code arrays} or {@code direct} decrypts it once from heap arrays or direct buffers and three times
 * more from arrays in the same JVM. Run with the launcher's options and {@code -XX:TieredStopAtLevel=1}
 * (C1, as the launcher runs small files), without it (tiered) or with {@code -Xint}.
 */
public final class GcmFirstMiB {

    private GcmFirstMiB() {
    }

    public static void main(String[] args) throws Exception {
        byte[] key = new byte[32];
        if (args[0].equals("make")) {
            byte[] plain = new byte[1 << 20];
            new java.util.Random(1).nextBytes(plain);
            Files.write(Path.of("sealed.bin"), cipher(Cipher.ENCRYPT_MODE, key).doFinal(plain));
            return;
        }
        byte[] sealed = Files.readAllBytes(Path.of("sealed.bin"));
        long start = System.nanoTime();
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, key);
        long ready = System.nanoTime();
        byte[] out = new byte[sealed.length];
        if (args[0].equals("arrays")) {
            cipher.doFinal(sealed, 0, sealed.length, out, 0);
        } else {
            ByteBuffer in = ByteBuffer.allocateDirect(sealed.length);
            in.put(sealed).flip();
            cipher.doFinal(in, ByteBuffer.allocateDirect(sealed.length));
        }
        long done = System.nanoTime();
        StringBuilder again = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            long from = System.nanoTime();
            cipher(Cipher.DECRYPT_MODE, key).doFinal(sealed, 0, sealed.length, out, 0);
            again.append(' ').append(ms(from, System.nanoTime()));
        }
        System.out.println(args[0] + " init " + ms(start, ready) + " decrypt " + ms(ready, done) + " ms, again" + again);
    }

    private static Cipher cipher(int mode, byte[] key) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
        return cipher;
    }

    private static String ms(long from, long to) {
        return String.valueOf(Math.round((to - from) / 1e5) / 10.0);
    }
}
