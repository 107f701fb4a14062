package rpcheck.cli;

import picocli.CommandLine;
import rpcheck.model.Property;

/** {@code --property NAME}, case-insensitive; an unknown name is a usage error. */
final class PropertyConverter implements CommandLine.ITypeConverter<Property> {
    @Override
    public Property convert(String value) {
        return Property.byName(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "unknown property '" + value + "'; known: " + String.join(", ", Property.names())));
    }
}
