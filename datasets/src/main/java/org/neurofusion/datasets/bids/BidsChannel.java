package org.neurofusion.datasets.bids;

import java.util.Map;
import java.util.Objects;

/**
 * One row of a {@code _channels.tsv}: the channel's name, its BIDS type, the units its values are given in,
 * and whether it was marked bad; {@code columns} holds every column of the row (source, detector,
 * wavelength_nominal, status_description, ...) as written.
 *
 * @param status {@code good}, {@code bad}, or {@code n/a} when the table says nothing
 */
public record BidsChannel(String name, String type, String units, String status, Map<String, String> columns) {
    public BidsChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(status, "status");
        columns = Map.copyOf(columns);
    }

    /** Whether the channel is marked bad. */
    public boolean isBad() {
        return status.equalsIgnoreCase("bad");
    }
}
