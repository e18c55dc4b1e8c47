package fr.sesame.platform;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs each {@link BackgroundJob} method through {@link BackgroundJobs}, outside anything else. */
@BackgroundJob
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class BackgroundJobInterceptor {

  private final BackgroundJobs jobs;

  BackgroundJobInterceptor(BackgroundJobs jobs) {
    this.jobs = jobs;
  }

  @AroundInvoke
  Object around(InvocationContext invocation) throws Exception {
    return jobs.call(invocation::proceed, null);
  }
}
