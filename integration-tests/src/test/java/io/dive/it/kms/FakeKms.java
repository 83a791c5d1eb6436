package io.dive.it.kms;

import com.google.cloud.kms.v1.AsymmetricDecryptRequest;
import com.google.cloud.kms.v1.AsymmetricDecryptResponse;
import com.google.cloud.kms.v1.CreateCryptoKeyVersionRequest;
import com.google.cloud.kms.v1.CryptoKeyVersion;
import com.google.cloud.kms.v1.CryptoKeyVersion.CryptoKeyVersionAlgorithm;
import com.google.cloud.kms.v1.CryptoKeyVersion.CryptoKeyVersionState;
import com.google.cloud.kms.v1.GetCryptoKeyVersionRequest;
import com.google.cloud.kms.v1.GetPublicKeyRequest;
import com.google.cloud.kms.v1.KeyManagementServiceGrpc;
import com.google.cloud.kms.v1.ListCryptoKeyVersionsRequest;
import com.google.cloud.kms.v1.ListCryptoKeyVersionsResponse;
import com.google.cloud.kms.v1.ProtectionLevel;
import com.google.cloud.kms.v1.PublicKey;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * In-memory fake of google.cloud.kms.v1.KeyManagementService for RSA_DECRYPT_OAEP_2048_SHA256 keys.
 * Implements GetPublicKey, AsymmetricDecrypt, ListCryptoKeyVersions, CreateCryptoKeyVersion, GetCryptoKeyVersion.
 * Everything else answers UNIMPLEMENTED (ImplBase default).
 */
public final class FakeKms extends KeyManagementServiceGrpc.KeyManagementServiceImplBase {

    static final CryptoKeyVersionAlgorithm ALGORITHM = CryptoKeyVersionAlgorithm.RSA_DECRYPT_OAEP_2048_SHA256;

    private static final class Version {
        final String name;
        final KeyPair keyPair;
        final Instant created = Instant.now();
        volatile CryptoKeyVersionState state = CryptoKeyVersionState.ENABLED;

        Version(String name, KeyPair keyPair) {
            this.name = name;
            this.keyPair = keyPair;
        }

        CryptoKeyVersion toProto() {
            return CryptoKeyVersion.newBuilder()
                    .setName(name)
                    .setState(state)
                    .setAlgorithm(ALGORITHM)
                    .setProtectionLevel(ProtectionLevel.SOFTWARE)
                    .setCreateTime(Timestamp.newBuilder().setSeconds(created.getEpochSecond()).setNanos(created.getNano()))
                    .build();
        }
    }

    /** cryptoKey name -> (version number -> version). */
    private final Map<String, TreeMap<Integer, Version>> keys = new ConcurrentHashMap<>();

    /** Test helper (not a gRPC call): creates crypto key {@code cryptoKeyName} with version 1. */
    public synchronized String createKey(String cryptoKeyName) {
        if (keys.containsKey(cryptoKeyName)) {
            throw new IllegalStateException("exists: " + cryptoKeyName);
        }
        keys.put(cryptoKeyName, new TreeMap<>());
        return addVersion(cryptoKeyName).name;
    }

    /** Test helper: set the state of a version (e.g. DISABLED). */
    public synchronized void setState(String versionName, CryptoKeyVersionState state) {
        Version v = find(versionName);
        if (v == null) throw new IllegalArgumentException(versionName);
        v.state = state;
    }

    private synchronized Version addVersion(String cryptoKeyName) {
        TreeMap<Integer, Version> versions = keys.get(cryptoKeyName);
        int next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        Version v = new Version(cryptoKeyName + "/cryptoKeyVersions/" + next, newRsaKeyPair());
        versions.put(next, v);
        return v;
    }

    private synchronized Version find(String versionName) {
        int idx = versionName.lastIndexOf("/cryptoKeyVersions/");
        if (idx < 0) return null;
        TreeMap<Integer, Version> versions = keys.get(versionName.substring(0, idx));
        if (versions == null) return null;
        try {
            return versions.get(Integer.parseInt(versionName.substring(idx + "/cryptoKeyVersions/".length())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static long crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return c.getValue();
    }

    private static <T> boolean notFound(StreamObserver<T> obs, String what) {
        obs.onError(Status.NOT_FOUND.withDescription(what + " not found.").asRuntimeException());
        return false;
    }

    // ---------------------------------------------------------------- RPCs

    @Override
    public void getPublicKey(GetPublicKeyRequest request, StreamObserver<PublicKey> obs) {
        Version v = find(request.getName());
        if (v == null) { notFound(obs, "CryptoKeyVersion " + request.getName()); return; }
        if (v.state != CryptoKeyVersionState.ENABLED) {
            obs.onError(Status.FAILED_PRECONDITION.withDescription(v.name + " is not enabled, current state is: " + v.state + ".").asRuntimeException());
            return;
        }
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(v.keyPair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        obs.onNext(PublicKey.newBuilder()
                .setName(v.name)
                .setPem(pem)
                .setPemCrc32C(Int64Value.of(crc32c(pem.getBytes(StandardCharsets.UTF_8))))
                .setAlgorithm(ALGORITHM)
                .setProtectionLevel(ProtectionLevel.SOFTWARE)
                .build());
        obs.onCompleted();
    }

    @Override
    public void asymmetricDecrypt(AsymmetricDecryptRequest request, StreamObserver<AsymmetricDecryptResponse> obs) {
        Version v = find(request.getName());
        if (v == null) { notFound(obs, "CryptoKeyVersion " + request.getName()); return; }
        if (v.state != CryptoKeyVersionState.ENABLED) {
            obs.onError(Status.FAILED_PRECONDITION.withDescription(v.name + " is not enabled, current state is: " + v.state + ".").asRuntimeException());
            return;
        }
        byte[] ct = request.getCiphertext().toByteArray();
        // Real service: a mismatching ciphertext_crc32c is INVALID_ARGUMENT.
        if (request.hasCiphertextCrc32C() && request.getCiphertextCrc32C().getValue() != crc32c(ct)) {
            obs.onError(Status.INVALID_ARGUMENT.withDescription(
                    "The checksum in field ciphertext_crc32c did not match the data in field ciphertext.").asRuntimeException());
            return;
        }
        byte[] pt;
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.DECRYPT_MODE, v.keyPair.getPrivate(), new OAEPParameterSpec(
                    "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            pt = c.doFinal(ct);
        } catch (GeneralSecurityException e) {
            obs.onError(Status.INVALID_ARGUMENT.withDescription("Decryption failed: the ciphertext is invalid.").asRuntimeException());
            return;
        }
        obs.onNext(AsymmetricDecryptResponse.newBuilder()
                .setPlaintext(ByteString.copyFrom(pt))
                .setPlaintextCrc32C(Int64Value.of(crc32c(pt)))
                .setVerifiedCiphertextCrc32C(request.hasCiphertextCrc32C())
                .setProtectionLevel(ProtectionLevel.SOFTWARE)
                .build());
        obs.onCompleted();
    }

    @Override
    public void listCryptoKeyVersions(ListCryptoKeyVersionsRequest request, StreamObserver<ListCryptoKeyVersionsResponse> obs) {
        List<Version> all;
        synchronized (this) {
            TreeMap<Integer, Version> versions = keys.get(request.getParent());
            if (versions == null) { notFound(obs, "CryptoKey " + request.getParent()); return; }
            all = new ArrayList<>(versions.values());
        }
        String filter = request.getFilter().replace(" ", "");
        if (!filter.isEmpty()) {
            if (!filter.startsWith("state=")) {
                obs.onError(Status.INVALID_ARGUMENT.withDescription("fake supports only state=X filters").asRuntimeException());
                return;
            }
            CryptoKeyVersionState wanted = CryptoKeyVersionState.valueOf(filter.substring("state=".length()));
            all.removeIf(v -> v.state != wanted);
        }
        int pageSize = request.getPageSize() > 0 ? request.getPageSize() : 1000;
        int start = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
        int end = Math.min(all.size(), start + pageSize);
        ListCryptoKeyVersionsResponse.Builder b = ListCryptoKeyVersionsResponse.newBuilder().setTotalSize(all.size());
        for (Version v : all.subList(start, end)) b.addCryptoKeyVersions(v.toProto());
        if (end < all.size()) b.setNextPageToken(Integer.toString(end));
        obs.onNext(b.build());
        obs.onCompleted();
    }

    @Override
    public void createCryptoKeyVersion(CreateCryptoKeyVersionRequest request, StreamObserver<CryptoKeyVersion> obs) {
        Version v;
        synchronized (this) {
            if (!keys.containsKey(request.getParent())) { notFound(obs, "CryptoKey " + request.getParent()); return; }
            v = addVersion(request.getParent());
        }
        // Real service: asymmetric versions start PENDING_GENERATION and become ENABLED shortly after.
        obs.onNext(v.toProto());
        obs.onCompleted();
    }

    @Override
    public void getCryptoKeyVersion(GetCryptoKeyVersionRequest request, StreamObserver<CryptoKeyVersion> obs) {
        Version v = find(request.getName());
        if (v == null) { notFound(obs, "CryptoKeyVersion " + request.getName()); return; }
        obs.onNext(v.toProto());
        obs.onCompleted();
    }
}
