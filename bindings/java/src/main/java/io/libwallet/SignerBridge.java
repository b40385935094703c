package io.libwallet;

/** Called from JNI (jw_signer_sign): maps the algorithm and never lets an exception through. */
final class SignerBridge {
    private final Signer signer;

    SignerBridge(Signer signer) {
        this.signer = signer;
    }

    byte[] sign(int alg, byte[] message) {
        try {
            return signer.sign(Alg.fromId(alg), message);
        } catch (Exception e) {
            return null; // reported as WALLET_ERR_SIGNER_FAILED
        }
    }
}
