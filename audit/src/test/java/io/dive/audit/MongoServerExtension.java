package io.dive.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** An in-memory MongoDB-wire server on a free loopback port and a client to it. */
final class MongoServerExtension implements AutoCloseable {

    final MongoServer server = new MongoServer(new MemoryBackend());
    final String connectionString;
    final MongoClient client;

    MongoServerExtension() {
        connectionString = "mongodb://127.0.0.1:" + server.bind().getPort();
        client = MongoClients.create(connectionString);
    }

    MongoDatabase database() {
        return client.getDatabase("dive_audit");
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
