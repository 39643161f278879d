package dev.portalkit.examples.spring;

import dev.portalkit.auth.AuthService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets controller methods take a {@link Caller} and a {@link JsonBody}, and answers JSON whatever the
 * {@code Accept} header asks for, as the plain example does (a browser's address bar asks for
 * text/html; Spring would otherwise fail to find a converter for the view and answer 500).
 */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final AuthService auth;
    private final SessionCookies cookies;
    private final JsonMapper json;

    WebConfig(AuthService auth, SessionCookies cookies, JsonMapper json) {
        this.auth = auth;
        this.cookies = cookies;
        this.json = json;
    }

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.ignoreAcceptHeader(true).defaultContentType(MediaType.APPLICATION_JSON);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class || parameter.getParameterType() == JsonBody.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest web,
                                          WebDataBinderFactory binders) {
                HttpServletRequest request = web.getNativeRequest(HttpServletRequest.class);
                return parameter.getParameterType() == Caller.class ? new Caller(request, auth, cookies)
                        : new JsonBody(request, json);
            }
        });
    }
}
