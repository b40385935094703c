package io.libwallet;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes certificates (wallet_cert_builder): roots, leaves, and the ISO/IEC
 * 18013-5 Annex B IACA and document-signer profiles. A plain Java builder;
 * the native builder lives only inside {@link #sign}.
 */
public final class CertBuilder {
    /** Profiles (wallet_cert_profile). */
    public enum Profile {
        CA(1), LEAF(2), MDOC_IACA(3), MDOC_DS(4);
        final int id;

        Profile(int id) {
            this.id = id;
        }
    }

    private final Profile profile;
    private String subject;
    private long notBefore, notAfter;
    private final List<String> sanDns = new ArrayList<>();
    private final List<String> sanUri = new ArrayList<>();
    private final List<String> ekus = new ArrayList<>();
    private String issuerAltUri;

    public CertBuilder(Profile profile) {
        this.profile = profile;
    }

    /** Subject DN, RFC 4514 ("CN=Health Dept,O=City,C=VN"). */
    public CertBuilder subject(String dn) {
        this.subject = dn;
        return this;
    }

    /** Validity (default: the context's now for one year). */
    public CertBuilder validity(long notBefore, long notAfter) {
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        return this;
    }

    public CertBuilder addSanDns(String name) {
        sanDns.add(name);
        return this;
    }

    public CertBuilder addSanUri(String uri) {
        sanUri.add(uri);
        return this;
    }

    public CertBuilder issuerAltUri(String uri) {
        this.issuerAltUri = uri;
        return this;
    }

    public CertBuilder addEku(String oid) {
        ekus.add(oid);
        return this;
    }

    /**
     * Issue the certificate for {@code subjectKey}, signed by {@code issuerKey}
     * under {@code issuerCert}, or self-signed when issuerCert is null.
     */
    public Cert sign(Context ctx, Key subjectKey, Key issuerKey, Cert issuerCert) {
        return new Cert(Native.certBuild(ctx.ptr(), profile.id, Native.u(subject), notBefore,
                notAfter, Native.u(sanDns.toArray(new String[0])),
                Native.u(sanUri.toArray(new String[0])), Native.u(issuerAltUri),
                Native.u(ekus.toArray(new String[0])), subjectKey.ptr(), issuerKey.ptr(),
                NativeHandle.ptrOf(issuerCert)));
    }
}
