<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#-- Enrollment: the secret exists only server-side (Redis, encrypted); this page shows it for the
     authenticator app but never carries it in a form field. -->
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("diveOtpEnrollTitle")}
    <#elseif section = "form">
        <p id="dive-otp-enroll-intro">${msg("diveOtpEnrollIntro")}</p>
        <p><img id="dive-otp-qr" src="data:image/png;base64, ${diveOtpQrCode}" alt="${msg("diveOtpQrAlt")}"></p>
        <p>${msg("diveOtpManualKey")}</p>
        <p><code id="dive-otp-manual-key">${diveOtpSecretEncoded}</code></p>
        <p id="dive-otp-policy">${msg("diveOtpPolicy", diveOtpPolicy.getAlgorithmKey(), diveOtpPolicy.digits?c, diveOtpPolicy.period?c)}</p>
        <form id="dive-otp-enroll-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="otp" label=msg("diveOtpCode") autocomplete="one-time-code" fieldName="totp" autofocus=true />
            <@buttons.loginButton />
        </form>
    </#if>
</@layout.registrationLayout>
