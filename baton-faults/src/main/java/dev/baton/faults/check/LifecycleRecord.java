package dev.baton.faults.check;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One lifecycle event as read from the topic.
 *
 * @param id        its CloudEvents id
 * @param type      short type ({@code qualified}...)
 * @param sequence  the per-lead sequence number
 * @param to        the stage after it
 * @param details   its type-specific details
 * @param position  partition and offset, for the report
 */
public record LifecycleRecord(String id, String type, long sequence, String to, JsonNode details, String position) {
}
