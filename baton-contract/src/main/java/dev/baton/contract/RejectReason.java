package dev.baton.contract;

/** Why a rep gives a handed-off lead back to marketing. */
public enum RejectReason {
    UNREACHABLE, BAD_DATA, NO_NEED, NO_BUDGET, NO_FIT
}
