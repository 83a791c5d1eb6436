package io.dive.realms;

import io.dive.mappers.AmrMapper;
import io.dive.mappers.ClearanceMapper;
import io.dive.mappers.CoiMapper;
import io.dive.mappers.CountryOfAffiliationMapper;
import io.dive.mappers.OrganizationTypeMapper;
import io.dive.mappers.UniqueIdMapper;
import io.dive.model.CoalitionAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.UserAttributeMapper;
import org.keycloak.protocol.saml.SamlProtocol;
import org.keycloak.protocol.saml.mappers.AttributeStatementHelper;
import org.keycloak.protocol.saml.mappers.UserAttributeStatementMapper;
import org.keycloak.protocol.saml.mappers.UserPropertyAttributeStatementMapper;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * The clients' protocol mappers: the DIVE claim mappers of the broker's clients, and the national
 * realms' mappers that hand the coalition attributes to the broker (OIDC claims or SAML attributes).
 */
final class ProtocolMappers {

    /** The user properties a SAML assertion carries besides the coalition attributes. */
    static final List<String> SAML_USER_PROPERTIES = List.of(UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME);

    private ProtocolMappers() {
    }

    /** The DIVE claim mappers, switched on for every token type. */
    static List<ProtocolMapperRepresentation> dive() {
        Map<String, String> byClaim = new LinkedHashMap<>();
        byClaim.put(CoalitionAttributes.UNIQUE_ID, UniqueIdMapper.PROVIDER_ID);
        byClaim.put(CoalitionAttributes.CLEARANCE, ClearanceMapper.PROVIDER_ID);
        byClaim.put(CoalitionAttributes.COUNTRY_OF_AFFILIATION, CountryOfAffiliationMapper.PROVIDER_ID);
        byClaim.put(CoalitionAttributes.ACP_COI, CoiMapper.PROVIDER_ID);
        byClaim.put(CoalitionAttributes.ORGANIZATION_TYPE, OrganizationTypeMapper.PROVIDER_ID);
        byClaim.put("amr", AmrMapper.PROVIDER_ID);
        List<ProtocolMapperRepresentation> mappers = new ArrayList<>();
        byClaim.forEach((claim, providerId) -> mappers.add(mapper("DIVE " + claim, OIDCLoginProtocol.LOGIN_PROTOCOL,
                providerId, Map.of(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true",
                        OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                        OIDCAttributeMapperHelper.INCLUDE_IN_LIGHTWEIGHT_ACCESS_TOKEN, "false",
                        OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true",
                        OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true"))));
        return mappers;
    }

    /** A national realm's OIDC claims: each coalition attribute as a claim of its own name. */
    static List<ProtocolMapperRepresentation> oidcCoalitionClaims() {
        List<ProtocolMapperRepresentation> mappers = new ArrayList<>();
        for (String attribute : UserProfile.coalitionAttributes()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put(ProtocolMapperUtils.USER_ATTRIBUTE, attribute);
            config.put(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, attribute);
            config.put(OIDCAttributeMapperHelper.JSON_TYPE, "String");
            config.put(ProtocolMapperUtils.MULTIVALUED, Boolean.toString(attribute.equals(CoalitionAttributes.ACP_COI)));
            config.put(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true");
            config.put(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true");
            config.put(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true");
            mappers.add(mapper(attribute, OIDCLoginProtocol.LOGIN_PROTOCOL, UserAttributeMapper.PROVIDER_ID, config));
        }
        return mappers;
    }

    /** A national realm's SAML attributes: the coalition attributes, then e-mail and names. */
    static List<ProtocolMapperRepresentation> samlCoalitionAttributes() {
        List<ProtocolMapperRepresentation> mappers = new ArrayList<>();
        for (String attribute : UserProfile.coalitionAttributes()) {
            Map<String, String> config = samlAttribute(attribute);
            config.put(ProtocolMapperUtils.AGGREGATE_ATTRS, "false");
            mappers.add(mapper(attribute, SamlProtocol.LOGIN_PROTOCOL, UserAttributeStatementMapper.PROVIDER_ID, config));
        }
        for (String property : SAML_USER_PROPERTIES) {
            mappers.add(mapper(property, SamlProtocol.LOGIN_PROTOCOL, UserPropertyAttributeStatementMapper.PROVIDER_ID,
                    samlAttribute(property)));
        }
        return mappers;
    }

    private static Map<String, String> samlAttribute(String name) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(ProtocolMapperUtils.USER_ATTRIBUTE, name);
        config.put(AttributeStatementHelper.SAML_ATTRIBUTE_NAME, name);
        config.put(AttributeStatementHelper.FRIENDLY_NAME, name);
        config.put(AttributeStatementHelper.SAML_ATTRIBUTE_NAMEFORMAT, AttributeStatementHelper.BASIC);
        return config;
    }

    private static ProtocolMapperRepresentation mapper(String name, String protocol, String providerId,
            Map<String, String> config) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol(protocol);
        mapper.setProtocolMapper(providerId);
        mapper.setConfig(new LinkedHashMap<>(config));
        return mapper;
    }
}
