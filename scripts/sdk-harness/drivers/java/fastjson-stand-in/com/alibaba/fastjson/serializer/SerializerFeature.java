// Not fastjson: see JSON.java beside it.
package com.alibaba.fastjson.serializer;

public enum SerializerFeature {
  DisableCircularReferenceDetect
}
