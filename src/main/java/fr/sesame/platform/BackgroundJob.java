package fr.sesame.platform;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A scheduled method whose run a stop waits for ({@link BackgroundJobs}); every {@code @Scheduled}
 * method carries it ({@code ArchitectureTest}).
 */
@InterceptorBinding
@Retention(RUNTIME)
@Target({METHOD, TYPE})
public @interface BackgroundJob {}
