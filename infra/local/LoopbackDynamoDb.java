// Starts DynamoDB Local listening on 127.0.0.1 only.
//
// DynamoDB Local's own main (ServerRunner) has no option for its address: its Jetty server binds
// every interface, so anyone on the same network could read and write the whole local database,
// personal data included, without credentials. This launcher builds the same server from the same
// command-line options, sets the host of its connectors to the loopback address before starting it,
// and leaves telemetry unconfigured (what -disableTelemetry asks for).
//
// Compiled once by infra/local/dynamodb-local.ts (javac, into node_modules/.cache), run with the
// DynamoDB Local distribution on the class path.
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackDynamoDb {
  private LoopbackDynamoDb() {}

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to restrict");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("Unexpected connector, cannot restrict it to 127.0.0.1: " + connector);
      }
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listens on 127.0.0.1 only");
  }
}
