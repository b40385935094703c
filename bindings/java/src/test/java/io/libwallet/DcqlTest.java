package io.libwallet;

import static io.libwallet.TestSupport.assertErr;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** DCQL: parse, candidates, matching (OpenID4VP 1.0 §6). */
public class DcqlTest {
    private static final String PID = "https://city.example/pid";
    private static final String QUERY = "{\"credentials\":["
            + "{\"id\":\"pid\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"" + PID + "\"]},"
            + "\"claims\":[{\"id\":\"a\",\"path\":[\"address\",\"locality\"]},"
            + "{\"id\":\"b\",\"path\":[\"birthdate\"]}],\"claim_sets\":[[\"a\",\"b\"],[\"a\"]]},"
            + "{\"id\":\"mdl\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":\"org.iso.18013.5.1.mDL\"},"
            + "\"claims\":[{\"path\":[\"org.iso.18013.5.1\",\"age_over_18\"],\"values\":[true]}]}],"
            + "\"credential_sets\":[{\"options\":[[\"pid\"],[\"mdl\"]]}]}";

    private Context ctx;

    @Before
    public void setUp() {
        ctx = new Context();
    }

    @After
    public void tearDown() {
        ctx.close();
    }

    @Test
    public void matchSelectsClaimSetsAndPaths() {
        try (Dcql q = Dcql.parse(ctx, QUERY); DcqlCandidates c = new DcqlCandidates(ctx)) {
            assertEquals(Arrays.asList("pid", "mdl"), q.credentialIds());
            assertTrue(q.toJson(ctx).contains("\"pid\""));
            c.add(ctx, "cred-1", Dcql.FORMAT_SD_JWT, PID,
                    "{\"address\":{\"locality\":\"Đà Nẵng\"},\"given_name\":\"X\"}", Dcql.HOLDER_BINDING);
            c.add(ctx, "cred-2", Dcql.FORMAT_MDOC, "org.iso.18013.5.1.mDL",
                    "{\"org.iso.18013.5.1\":{\"age_over_18\":false}}", Dcql.HOLDER_BINDING);
            assertEquals(2, c.count());
            DcqlResult r = q.match(ctx, c).orThrow();
            assertTrue(r.isSatisfied());
            DcqlResult.Query pid = r.query("pid");
            assertEquals(1, pid.matches.size());
            assertEquals(1, pid.selected);
            DcqlResult.Match m = pid.matches.get(0);
            assertEquals("cred-1", m.candidate);
            assertEquals(1, m.claimSet); // no birthdate: the second claim set
            assertEquals(Arrays.asList("address.locality"), m.claimPaths);
            assertEquals(Arrays.asList("[\"address\",\"locality\"]"), m.claimPathsJson);
            assertEquals("address.locality", m.disclose);
            assertEquals(0, r.query("mdl").matches.size()); // value false ≠ true
            assertTrue(r.toJson().contains("\"satisfied\":true"));
            assertFalse(r.toJson().contains("Đà Nẵng")); // never a claim value
        }
    }

    // ---- negative

    @Test
    public void unsatisfiedIsDcqlUnsatisfied() {
        try (Dcql q = Dcql.parse(ctx, QUERY); DcqlCandidates c = new DcqlCandidates(ctx)) {
            DcqlResult r = q.match(ctx, c);
            assertFalse(r.isSatisfied());
            WalletException e = assertErr(Err.DCQL_UNSATISFIED, r::orThrow);
            assertFalse(e.detail().isEmpty());
        }
    }

    @Test
    public void missingCredentialsIsDcqlFormat() {
        assertErr(Err.DCQL_FORMAT, () -> Dcql.parse(ctx, "{}"));
    }

    @Test
    public void badIdIsDcqlId() {
        assertErr(Err.DCQL_ID, () -> Dcql.parse(ctx, "{\"credentials\":[{\"id\":\"a b\","
                + "\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"x\"]}}]}"));
    }

    @Test
    public void duplicateIdIsDcqlDuplicateId() {
        String cq = "{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"x\"]}}";
        assertErr(Err.DCQL_DUPLICATE_ID, () -> Dcql.parse(ctx, "{\"credentials\":[" + cq + "," + cq + "]}"));
    }

    @Test
    public void unknownClaimSetIdIsDcqlUnknownId() {
        assertErr(Err.DCQL_UNKNOWN_ID, () -> Dcql.parse(ctx, "{\"credentials\":[{\"id\":\"a\","
                + "\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"x\"]},"
                + "\"claims\":[{\"id\":\"c\",\"path\":[\"n\"]}],\"claim_sets\":[[\"zz\"]]}]}"));
    }

    @Test
    public void duplicateCandidateIsDcqlCandidate() {
        try (DcqlCandidates c = new DcqlCandidates(ctx)) {
            c.add(ctx, "x", Dcql.FORMAT_SD_JWT, PID, "{}", 0);
            assertErr(Err.DCQL_CANDIDATE, () -> c.add(ctx, "x", Dcql.FORMAT_SD_JWT, PID, "{}", 0));
        }
    }

    @Test
    public void notJsonIsJson() {
        assertErr(Err.JSON, () -> Dcql.parse(ctx, "{\"credentials\":"));
    }
}
