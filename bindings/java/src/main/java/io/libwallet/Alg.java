package io.libwallet;

import java.util.Collection;

/** Signature algorithms (wallet_alg), with their JOSE names and COSE ids. */
public enum Alg {
    ES256(1, "ES256", -7),
    ES384(2, "ES384", -35),
    ES512(3, "ES512", -36),
    EDDSA(4, "EdDSA", -8),
    ES256K(5, "ES256K", -47),
    PS256(6, "PS256", -37),
    PS384(7, "PS384", -38),
    PS512(8, "PS512", -39),
    RS256(9, "RS256", -257),
    RS384(10, "RS384", -258),
    RS512(11, "RS512", -259);

    final int id;
    private final String jose;
    private final int cose;

    Alg(int id, String jose, int cose) {
        this.id = id;
        this.jose = jose;
        this.cose = cose;
    }

    /** The JOSE "alg" name. */
    public String joseName() {
        return jose;
    }

    /** The COSE algorithm identifier (RFC 9053). */
    public int coseId() {
        return cose;
    }

    /** The algorithm with this JOSE name (exact), or null. */
    public static Alg fromName(String name) {
        for (Alg a : values()) if (a.jose.equals(name)) return a;
        return null;
    }

    static Alg fromId(int id) {
        for (Alg a : values()) if (a.id == id) return a;
        return null;
    }

    static int idOf(Alg a) {
        return a == null ? 0 : a.id;
    }

    /** The wallet_algset bit mask of a set of algorithms. */
    public static int mask(Collection<Alg> algs) {
        int m = 0;
        for (Alg a : algs) m |= 1 << a.id;
        return m;
    }

    /** The mask of every algorithm (WALLET_ALGSET_ALL). */
    public static int maskAll() {
        int m = 0;
        for (Alg a : values()) m |= 1 << a.id;
        return m;
    }
}
