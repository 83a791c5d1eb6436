package io.dive.realms;

import io.dive.authenticators.clearance.ClearanceAtLeastConditionFactory;
import io.dive.authenticators.clearance.ClearanceAtLeastConfig;
import io.dive.authenticators.otp.BrowserOtpAuthenticatorFactory;
import io.dive.authenticators.otp.DirectGrantOtpAuthenticatorFactory;
import io.dive.authenticators.otp.OtpConfig;
import io.dive.authenticators.trust.IdpTrustAuthenticatorFactory;
import io.dive.model.ClearanceLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.AuthenticationFlow;
import org.keycloak.authentication.authenticators.access.AllowAccessAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.CookieAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.IdentityProviderAuthenticatorFactory;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.authentication.authenticators.directgrant.ValidatePassword;
import org.keycloak.authentication.authenticators.directgrant.ValidateUsername;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.utils.DefaultAuthenticationFlows;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The broker's authentication flows. A realm file that declares flows gets only those (Keycloak then
 * creates no browser or direct-grant flow of its own), so the standard ones are declared here too,
 * with the clearance-conditional OTP sub-flow in the browser flow and after every brokered login.
 */
final class BrokerFlows {

    static final String POST_BROKER_FLOW = "dive post-broker OTP";
    static final String CLEARANCE_CONFIG = "dive-otp-from-confidential";
    static final String OTP_SETTINGS = "dive-otp-settings";

    private BrokerFlows() {
    }

    static void addTo(RealmRepresentation realm) {
        realm.setBrowserFlow(DefaultAuthenticationFlows.BROWSER_FLOW);
        realm.setDirectGrantFlow(DefaultAuthenticationFlows.DIRECT_GRANT_FLOW);
        realm.setAuthenticatorConfig(List.of(
                config(CLEARANCE_CONFIG, Map.of(ClearanceAtLeastConfig.MINIMUM_CLEARANCE, ClearanceLevel.CONFIDENTIAL.name())),
                // The demo's published users enroll themselves: the open gate, chosen here explicitly
                // (the product default is activation-code; see the README's enrollment gate).
                config(OTP_SETTINGS, Map.of(OtpConfig.MAX_ATTEMPTS, "5",
                        OtpConfig.ENROLLMENT_GATE, OtpConfig.Gate.OPEN.value()))));
        List<AuthenticationFlowRepresentation> flows = new ArrayList<>();

        AuthenticationFlowRepresentation browser = flow(flows, DefaultAuthenticationFlows.BROWSER_FLOW,
                "Cookie, national IdP redirect or password, then OTP when cleared", true);
        execution(browser, CookieAuthenticatorFactory.PROVIDER_ID, Requirement.ALTERNATIVE, 10, null);
        execution(browser, IdentityProviderAuthenticatorFactory.PROVIDER_ID, Requirement.ALTERNATIVE, 25, null);
        subflow(browser, DefaultAuthenticationFlows.LOGIN_FORMS_FLOW, Requirement.ALTERNATIVE, 30);
        AuthenticationFlowRepresentation forms = flow(flows, DefaultAuthenticationFlows.LOGIN_FORMS_FLOW,
                "Username and password, then OTP when cleared", false);
        execution(forms, UsernamePasswordFormFactory.PROVIDER_ID, Requirement.REQUIRED, 10, null);
        subflow(forms, "dive browser OTP when cleared", Requirement.CONDITIONAL, 20);
        otpWhenCleared(flow(flows, "dive browser OTP when cleared", "OTP for CONFIDENTIAL and above", false));

        AuthenticationFlowRepresentation directGrant = flow(flows, DefaultAuthenticationFlows.DIRECT_GRANT_FLOW,
                "Password grant", true);
        execution(directGrant, ValidateUsername.PROVIDER_ID, Requirement.REQUIRED, 10, null);
        execution(directGrant, ValidatePassword.PROVIDER_ID, Requirement.REQUIRED, 20, null);
        subflow(directGrant, "dive direct-grant OTP when cleared", Requirement.CONDITIONAL, 30);
        AuthenticationFlowRepresentation directGrantOtp = flow(flows, "dive direct-grant OTP when cleared",
                "totp parameter for CONFIDENTIAL and above", false);
        execution(directGrantOtp, ClearanceAtLeastConditionFactory.PROVIDER_ID, Requirement.REQUIRED, 10, CLEARANCE_CONFIG);
        execution(directGrantOtp, DirectGrantOtpAuthenticatorFactory.PROVIDER_ID, Requirement.REQUIRED, 20, null);

        AuthenticationFlowRepresentation postBroker = flow(flows, POST_BROKER_FLOW,
                "After a national IdP login: bind its assertions to the IdP, then OTP when cleared", true);
        // First: a refused or stripped attribute must never reach the OTP condition or a token.
        execution(postBroker, IdpTrustAuthenticatorFactory.PROVIDER_ID, Requirement.REQUIRED, 5, null);
        subflow(postBroker, "dive post-broker OTP when cleared", Requirement.CONDITIONAL, 10);
        // A flow whose only step is a skipped conditional fails; users below the threshold pass here.
        execution(postBroker, AllowAccessAuthenticatorFactory.PROVIDER_ID, Requirement.REQUIRED, 20, null);
        otpWhenCleared(flow(flows, "dive post-broker OTP when cleared", "OTP for CONFIDENTIAL and above", false));
        realm.setAuthenticationFlows(flows);
    }

    private static void otpWhenCleared(AuthenticationFlowRepresentation flow) {
        execution(flow, ClearanceAtLeastConditionFactory.PROVIDER_ID, Requirement.REQUIRED, 10, CLEARANCE_CONFIG);
        execution(flow, BrowserOtpAuthenticatorFactory.PROVIDER_ID, Requirement.REQUIRED, 20, OTP_SETTINGS);
    }

    private static AuthenticatorConfigRepresentation config(String alias, Map<String, String> values) {
        AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
        config.setAlias(alias);
        config.setConfig(values);
        return config;
    }

    private static AuthenticationFlowRepresentation flow(List<AuthenticationFlowRepresentation> flows, String alias,
            String description, boolean topLevel) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setDescription(description);
        flow.setProviderId(AuthenticationFlow.BASIC_FLOW);
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        flow.setAuthenticationExecutions(new ArrayList<>());
        flows.add(flow);
        return flow;
    }

    private static void execution(AuthenticationFlowRepresentation flow, String authenticator, Requirement requirement,
            int priority, String config) {
        AuthenticationExecutionExportRepresentation execution = step(flow, requirement, priority);
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorConfig(config);
    }

    private static void subflow(AuthenticationFlowRepresentation flow, String alias, Requirement requirement, int priority) {
        AuthenticationExecutionExportRepresentation execution = step(flow, requirement, priority);
        execution.setAuthenticatorFlow(true);
        execution.setFlowAlias(alias);
    }

    private static AuthenticationExecutionExportRepresentation step(AuthenticationFlowRepresentation flow,
            Requirement requirement, int priority) {
        AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
        execution.setRequirement(requirement.name());
        execution.setPriority(priority);
        execution.setUserSetupAllowed(false);
        flow.getAuthenticationExecutions().add(execution);
        return execution;
    }
}
