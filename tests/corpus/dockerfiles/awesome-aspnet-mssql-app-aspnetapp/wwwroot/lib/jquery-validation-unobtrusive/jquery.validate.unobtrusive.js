stub: 19318 bytes in docker/awesome-compose@18f59bdb09ec:aspnet-mssql/app/aspnetapp/wwwroot/lib/jquery-validation-unobtrusive/jquery.validate.unobtrusive.js
