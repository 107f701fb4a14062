package rpcheck.cli;

import picocli.CommandLine;

/** A {@code HOST:PORT} option value. */
record HostPort(String host, int port) {

    /** Parses {@code value} of {@code option}; a usage error (exit 2) if it is not HOST:PORT with a port 1..65535. */
    static HostPort parse(CommandLine cmd, String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon > 0 && colon < value.length() - 1) {
            String host = value.substring(0, colon);
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port >= 1 && port <= 65535 && !host.isBlank()) {
                    return new HostPort(host, port);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new CommandLine.ParameterException(cmd, option + " must be HOST:PORT with a port from 1 to 65535,"
                + " not '" + value + "'");
    }
}
