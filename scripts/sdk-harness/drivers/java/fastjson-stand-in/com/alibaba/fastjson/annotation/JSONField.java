// Not fastjson: a stand-in written by this repo (fastjson is not in Debian, and Maven Central is out of reach), with
// only what the Java SDK's client path uses. See scripts/sdk-harness/README.md.
package com.alibaba.fastjson.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
public @interface JSONField {
  String name() default "";

  boolean serialize() default true;

  boolean deserialize() default true;
}
