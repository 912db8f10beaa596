// Not fastjson: a stand-in written by this repo, backed by Jackson, with the three calls the Java SDK's client path
// makes. It writes what fastjson 1.2 writes by default for a bean: properties sorted by name, nulls left out, no
// spaces, text as UTF-8; maps in their own order. It reads leniently (unknown fields ignored), as fastjson does.
package com.alibaba.fastjson;

import com.alibaba.fastjson.annotation.JSONField;
import com.alibaba.fastjson.serializer.SerializerFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;

public abstract class JSON {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .annotationIntrospector(new FastjsonAnnotations())
          .build();

  /** Reads @JSONField(serialize = false) and @JSONField(name = …) as fastjson does. */
  private static final class FastjsonAnnotations extends JacksonAnnotationIntrospector {
    @Override
    public boolean hasIgnoreMarker(AnnotatedMember member) {
      JSONField field = member.getAnnotation(JSONField.class);
      return (field != null && !field.serialize()) || super.hasIgnoreMarker(member);
    }

    @Override
    public PropertyName findNameForSerialization(Annotated annotated) {
      JSONField field = annotated.getAnnotation(JSONField.class);
      if (field != null && !field.name().isEmpty()) return PropertyName.construct(field.name());
      return super.findNameForSerialization(annotated);
    }
  }

  public static String toJSONString(Object object, SerializerFeature... features) {
    try {
      return MAPPER.writeValueAsString(object);
    } catch (Exception e) {
      throw new JSONException(e);
    }
  }

  public static Object toJSON(Object object) {
    return MAPPER.convertValue(object, Object.class);
  }

  public static <T> T parseObject(String text, Class<T> clazz) {
    try {
      return MAPPER.readValue(text, clazz);
    } catch (Exception e) {
      throw new JSONException(e);
    }
  }

  public static final class JSONException extends RuntimeException {
    JSONException(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
