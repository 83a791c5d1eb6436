<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("diveOtpTitle")}
    <#elseif section = "form">
        <form id="dive-otp-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@field.input name="otp" label=msg("diveOtpCode") autocomplete="one-time-code" fieldName="totp" autofocus=true />
            <@buttons.loginButton />
        </form>
    </#if>
</@layout.registrationLayout>
