package nl.hengel.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description's header: what Hengel is and how to authenticate. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI hengelOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Hengel API")
                .version("v1")
                .description(
                    """
                    The lead lifecycle system's API. Every request but health needs an API token \
                    (Authorization: Bearer hgl_…); the token decides the workspace. Errors are RFC 9457 \
                    problem details whose type is urn:hengel:problem:<code>, with an `errors` list of \
                    {pointer, message} where the input had several faults.\
                    """)
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "token",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("hgl_ token")))
        .addSecurityItem(new SecurityRequirement().addList("token"));
  }
}
