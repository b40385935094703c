package io.libwallet;

/**
 * Signs with a private key held outside libwallet: the Android Keystore,
 * a secure element, an HSM. Used through {@link Key#fromSigner}.
 *
 * <p>{@link #sign} receives the message itself (not a digest) and returns the
 * signature: for ECDSA either raw r||s or DER (as declared to fromSigner; the
 * platform's {@code Signature.getInstance("SHA256withECDSA")} gives DER). It
 * may be called from any thread that uses the key. Throwing (or returning
 * null) makes the libwallet call fail with WALLET_ERR_SIGNER_FAILED.
 */
@FunctionalInterface
public interface Signer {
    byte[] sign(Alg alg, byte[] message) throws Exception;
}
