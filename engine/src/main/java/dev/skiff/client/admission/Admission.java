package dev.skiff.client.admission;

import java.util.List;

/** The admission chains a {@link dev.skiff.client.Client} can be built with. */
public final class Admission {

    private Admission() {
    }

    /** What the API server runs by default, in its order: limit ranges default, then quota counts. */
    public static List<AdmissionPlugin> standard() {
        return List.of(new LimitRanger(), new QuotaAdmission());
    }

    /** No admission: for tools that must write objects exactly as given (restores, tests of others). */
    public static List<AdmissionPlugin> none() {
        return List.of();
    }
}
