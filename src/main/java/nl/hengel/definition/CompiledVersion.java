package nl.hengel.definition;

import nl.hengel.engine.CompiledDefinition;

/** A stored version of a workspace's definition, compiled for the fold. */
public record CompiledVersion(long id, int number, CompiledDefinition compiled) {}
