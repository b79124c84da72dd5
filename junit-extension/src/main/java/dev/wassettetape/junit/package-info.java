/**
 * The JUnit 5 extension: {@code @WassetteTape} on a test class or method, {@code
 * WassetteTapeExtension} for configuration known at run time, {@code SdkClientSpec} for the MCP
 * Java SDK's clients.
 */
package dev.wassettetape.junit;
