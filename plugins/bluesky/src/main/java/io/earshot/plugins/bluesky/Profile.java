package io.earshot.plugins.bluesky;

/**
 * What Earshot knows of an author, from {@code app.bsky.actor.getProfiles}, a search result or a
 * Jetstream identity event.
 *
 * @param did         the account's DID
 * @param handle      the handle, or null when unknown or invalid
 * @param displayName the display name, or null
 * @param followers   followers, or null when unknown
 * @param verified    whether Bluesky marks the account as verified, or null when unknown
 */
record Profile(String did, String handle, String displayName, Long followers, Boolean verified) {

    /** Bluesky's placeholder for a handle that no longer resolves (a deleted or moved domain). */
    static final String INVALID_HANDLE = "handle.invalid";

    Profile {
        if (handle != null && (handle.isBlank() || handle.equalsIgnoreCase(INVALID_HANDLE))) {
            handle = null;
        }
        if (displayName != null && displayName.isBlank()) {
            displayName = null;
        }
    }

    static Profile unknown(String did) {
        return new Profile(did, null, null, null, null);
    }

    /** The profile page: by handle when known, else by DID (both work on bsky.app). */
    String url() {
        return "https://bsky.app/profile/" + (handle != null ? handle : did);
    }

    /** This profile completed with what {@code other} knows and this one does not. */
    Profile orElse(Profile other) {
        if (other == null) {
            return this;
        }
        return new Profile(did, handle != null ? handle : other.handle,
                displayName != null ? displayName : other.displayName,
                followers != null ? followers : other.followers, verified != null ? verified : other.verified);
    }
}
