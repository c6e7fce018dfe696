package dev.modelwatch.config;

/** Where the agent serves {@code /metrics}. */
public final class ServerConfig {
    public static final int DEFAULT_PORT = 9464;
    public static final String DEFAULT_HOST = "0.0.0.0";

    static final ServerConfig DEFAULTS = new ServerConfig(DEFAULT_PORT, DEFAULT_HOST, true);

    private final int port;
    private final String host;
    private final boolean jvmMetrics;

    ServerConfig(int port, String host, boolean jvmMetrics) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, found " + port);
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        this.port = port;
        this.host = host;
        this.jvmMetrics = jvmMetrics;
    }

    /** 0..65535; 0 means "pick a free port". */
    public int port() {
        return port;
    }

    /** Bind address: a host name, IPv4 or IPv6 literal (without brackets). */
    public String host() {
        return host;
    }

    /** Whether JVM and process metrics are exported beside the model metrics. */
    public boolean jvmMetrics() {
        return jvmMetrics;
    }

    @Override
    public String toString() {
        return "ServerConfig{port=" + port + ", host=" + host + ", jvmMetrics=" + jvmMetrics + '}';
    }
}
