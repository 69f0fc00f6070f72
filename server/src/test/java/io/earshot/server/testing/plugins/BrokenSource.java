package io.earshot.server.testing.plugins;

import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.SourceTask;
import io.earshot.api.config.ConfigSpec;
import org.pf4j.Extension;

/** A plugin extension whose constructor throws: the host must record it and carry on. */
@Extension
public class BrokenSource implements Source {

    public BrokenSource() {
        throw new IllegalStateException("BrokenSource cannot be created (on purpose)");
    }

    @Override
    public SourceDescriptor descriptor() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ConfigSpec configSpec() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SourceTask createTask() {
        throw new UnsupportedOperationException();
    }
}
