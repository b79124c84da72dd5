/** The JUnit 5 extension {@code @WassetteTape} (work in progress: see the project's issues). */
package dev.wassettetape.junit;
