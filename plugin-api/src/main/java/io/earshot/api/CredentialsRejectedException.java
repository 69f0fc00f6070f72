package io.earshot.api;

/** The platform refused the configured credentials (HTTP 401/403, an invalid token). */
public class CredentialsRejectedException extends FatalSourceException {

    private final String platform;

    /**
     * @param platform the platform's name as users know it, e.g. "Reddit"
     * @param detail   what the platform said, without secrets, or {@code null}
     */
    public CredentialsRejectedException(String platform, String detail) {
        super("credentials rejected by " + platform + (detail == null || detail.isBlank() ? "" : ": " + detail)
                + "; check the source's credentials");
        this.platform = platform;
    }

    public String platform() {
        return platform;
    }
}
