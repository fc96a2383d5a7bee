package dev.baton.sales.opportunity.domain;

/** The pipeline inside sales, before the outcome. */
public enum PipelineStage {
    FOLLOW_UP, RELATIONSHIP, PROPOSAL, CLOSING
}
