package io.libwallet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The outcome of DCQL matching (a value object; holds ids and paths, never claim values). */
public final class DcqlResult {
    /** A candidate satisfying a credential query, with the claims to disclose. */
    public static final class Match {
        public final String candidate;
        /** The claim set used, or -1 when the query has none. */
        public final int claimSet;
        /** CLI-form paths joined with ',', or null when one is not representable. */
        public final String disclose;
        /** The claim paths, CLI form ("address.locality", "ns/element"). */
        public final List<String> claimPaths;
        /** The claim paths as JSON arrays. */
        public final List<String> claimPathsJson;

        Match(long r, int i, int j) {
            candidate = Native.s(Native.dcqlResultStr(r, 1, i, j, 0));
            claimSet = (int) Native.dcqlResultNum(r, 4, i, j);
            disclose = Native.s(Native.dcqlResultStr(r, 2, i, j, 0));
            int n = (int) Native.dcqlResultNum(r, 5, i, j);
            List<String> p = new ArrayList<>(n), pj = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                p.add(Native.s(Native.dcqlResultStr(r, 3, i, j, k)));
                pj.add(Native.s(Native.dcqlResultStr(r, 4, i, j, k)));
            }
            claimPaths = Collections.unmodifiableList(p);
            claimPathsJson = Collections.unmodifiableList(pj);
        }
    }

    /** Per credential query. */
    public static final class Query {
        public final String id;
        public final List<Match> matches;
        /** How many of the matches the selection presents (0: not selected). */
        public final int selected;

        Query(long r, int i) {
            id = Native.s(Native.dcqlResultStr(r, 0, i, 0, 0));
            int n = (int) Native.dcqlResultNum(r, 2, i, 0);
            List<Match> m = new ArrayList<>(n);
            for (int j = 0; j < n; j++) m.add(new Match(r, i, j));
            matches = Collections.unmodifiableList(m);
            selected = (int) Native.dcqlResultNum(r, 3, i, 0);
        }
    }

    private final boolean satisfied;
    private final String unsatisfiedDetail;
    private final String json;
    private final List<Query> queries;

    DcqlResult(long ctx, long r) {
        satisfied = Native.dcqlResultNum(r, 0, 0, 0) != 0;
        unsatisfiedDetail = Native.s(Native.dcqlResultCheck(ctx, r));
        json = Native.s(Native.dcqlResultToJson(ctx, r));
        int n = (int) Native.dcqlResultNum(r, 1, 0, 0);
        List<Query> q = new ArrayList<>(n);
        for (int i = 0; i < n; i++) q.add(new Query(r, i));
        queries = Collections.unmodifiableList(q);
    }

    public boolean isSatisfied() {
        return satisfied;
    }

    /** Throw WALLET_ERR_DCQL_UNSATISFIED (naming the unmet query) unless satisfied. */
    public DcqlResult orThrow() {
        if (!satisfied) throw new WalletException(Err.DCQL_UNSATISFIED, unsatisfiedDetail);
        return this;
    }

    public List<Query> queries() {
        return queries;
    }

    /** The query with this id, or null. */
    public Query query(String id) {
        for (Query q : queries) if (q.id.equals(id)) return q;
        return null;
    }

    /** wallet_dcql_result_to_json(). */
    public String toJson() {
        return json;
    }
}
