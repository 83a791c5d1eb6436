<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#-- The activation-code gate: no secret exists until an administrator-issued code is accepted. -->
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("diveOtpActivateTitle")}
    <#elseif section = "form">
        <p id="dive-otp-activate-intro">${msg("diveOtpActivateIntro")}</p>
        <form id="dive-otp-activate-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="activationCode" label=msg("diveOtpActivationCode") autofocus=true />
            <@buttons.loginButton />
        </form>
    </#if>
</@layout.registrationLayout>
