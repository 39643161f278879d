/**
 * How PortalKit configures MyBatis: the one configuration of a Portal ({@link
 * dev.portalkit.core.internal.mybatis.MyBatisFactory}), records read through their canonical
 * constructors, and dynamic SQL parsed once per generated text. Not API.
 */
package dev.portalkit.core.internal.mybatis;
